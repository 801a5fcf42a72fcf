package dev.adjoint.processor.trace;

/** The parts of one method's trace, wired together (they call each other recursively). */
final class Tracer {
  final TraceState st;
  final Resolver resolver;
  final TypeParser types;
  final Arith ops;
  final Lists lists;
  final Tables tables;
  final Allocations alloc;
  final ExpressionTracer expr;
  final Assignments assign;
  final CallTracer calls;
  final Inliner inliner;
  final NnLibrary nn;
  final StatementTracer stmt;
  final LoopTracer loops;

  Tracer(TraceState st) {
    this.st = st;
    this.resolver = new Resolver(st.env.getElementUtils());
    this.types = new TypeParser(st);
    this.ops = new Arith(st);
    this.lists = new Lists(st);
    this.alloc = new Allocations(this);
    this.tables = new Tables(this);
    this.expr = new ExpressionTracer(this);
    this.assign = new Assignments(this);
    this.calls = new CallTracer(this);
    this.inliner = new Inliner(this);
    this.nn = new NnLibrary(this);
    this.stmt = new StatementTracer(this);
    this.loops = new LoopTracer(this);
  }
}
