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
  final ArrayLibrary arrays;
  final Inliner inliner;
  final NnLibrary nn;
  final StatementTracer stmt;
  final IfTracer ifs;
  final SwitchTracer switches;
  final Control control;
  final Regions regions;
  final LoopTracer loops;

  Tracer(TraceState st) {
    this.st = st;
    this.resolver = new Resolver(st.env.getElementUtils());
    this.types = new TypeParser(st, resolver);
    this.ops = new Arith(st);
    this.lists = new Lists(this);
    this.alloc = new Allocations(this);
    this.tables = new Tables(this);
    this.expr = new ExpressionTracer(this);
    this.assign = new Assignments(this);
    this.calls = new CallTracer(this);
    this.arrays = new ArrayLibrary(this);
    this.inliner = new Inliner(this);
    this.nn = new NnLibrary(this);
    this.stmt = new StatementTracer(this);
    this.ifs = new IfTracer(this);
    this.switches = new SwitchTracer(this);
    this.control = new Control(this);
    this.regions = new Regions(this);
    this.loops = new LoopTracer(this);
  }
}
