package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Code;
import dev.adjoint.processor.ir.ScalarType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Branches whose arms have effects ({@code If} regions): only the taken arm runs. The variables
 * either arm may assign are merged after the branch: numbers and booleans through the branch's
 * results; arrays by copying each arm's array into storage of the variable's own (or into a pool,
 * when their lengths differ between the arms); lists, tables and compile-time values must be the
 * same on every path that reaches the end. An arm that returned leaves the values of the source's
 * variables undefined on its path, but not the jump flags and the method's result.
 */
final class Regions {
  private final Tracer t;
  private final TraceState st;

  Regions(Tracer t) {
    this.t = t;
    this.st = t.st;
  }

  /** One arm: traces it and tells whether it may complete normally. */
  interface Arm {
    boolean run();
  }

  /**
   * Traces {@code if (cond) then else orElse} as an {@code If}, merging {@code vars}; {@code
   * elseTouches} are those the else-arm may assign. Returns whether control may reach the end.
   */
  boolean branch(
      AVal.Bool cond,
      Arm then,
      Arm orElse,
      List<Scope.Var> vars,
      Set<Scope.Var> elseTouches,
      Tree at) {
    Map<Scope.Var, AVal> before = new LinkedHashMap<>();
    List<Merge> merges = new ArrayList<>();
    for (Scope.Var v : vars) {
      before.put(v, v.value);
      merges.add(new Merge(v, v.value, elseTouches.contains(v), at));
    }
    Scope scope = st.frame().scope;
    st.regionDepth++;
    try {
      st.b.beginIf(st.boolId(cond));
      boolean thenDone = arm(scope, then, vars);
      List<Integer> yields = new ArrayList<>();
      for (Merge m : merges) {
        m.side(true, thenDone, yields);
      }
      Scope.restore(before);
      st.b.orElse(yields);
      boolean elseDone = arm(scope, orElse, vars);
      yields = new ArrayList<>();
      for (Merge m : merges) {
        m.side(false, elseDone, yields);
      }
      List<Integer> results = st.b.endIf(yields);
      results.forEach(st::rec);
      for (Merge m : merges) {
        m.finish(results);
      }
      return thenDone || elseDone;
    } finally {
      st.regionDepth--;
    }
  }

  private boolean arm(Scope scope, Arm arm, List<Scope.Var> vars) {
    Map<Scope.Var, AVal> before = scope.snapshot();
    scope.push();
    boolean done;
    try {
      done = arm.run();
    } finally {
      scope.pop();
    }
    // Whatever an arm changes must be merged: a value of the arm cannot be used after it.
    for (Map.Entry<Scope.Var, AVal> e : before.entrySet()) {
      if (!vars.contains(e.getKey()) && !java.util.Objects.equals(e.getKey().value, e.getValue())) {
        throw new IllegalStateException(
            "a branch changed " + e.getKey().name + ", which it does not merge");
      }
    }
    return done;
  }

  /** The merge of one variable: what each arm left in it and the slots carrying it out. */
  private final class Merge {
    final Scope.Var v;
    final AVal before;
    final boolean elseTouches;
    final Tree at;
    AVal[] value = new AVal[2];
    boolean[] relevant = new boolean[2];
    int firstSlot = -1;
    ScalarType slotType;

    /** Arrays: 0 unchanged, 1 copied into {@link #buffer}, 2 copied into {@link #pool}. */
    int mode;

    AVal.Arr buffer;
    Memory.Pool pool;

    Merge(Scope.Var v, AVal before, boolean elseTouches, Tree at) {
      this.v = v;
      this.before = before;
      this.elseTouches = elseTouches;
      this.at = at;
    }

    void side(boolean then, boolean done, List<Integer> yields) {
      int s = then ? 0 : 1;
      AVal val = v.value;
      // A source variable's value matters after the branch unless the arm returned: code after a
      // break or continue still sees it.
      boolean returned = AVal.Bool.of(true).equals(st.frame().returnedFlag.value);
      boolean rel = v.flag() || (v.synthetic() ? !(val instanceof AVal.Unset) : done || !returned);
      value[s] = val;
      relevant[s] = rel;
      JType type = v.type;
      if (type == null) {
        // A branch's value whose type no arm has fixed yet: learned later, then traced again.
        v.mergedUntyped = true;
        relevant[s] = false;
        return;
      }
      if (type.scalar() && !type.compileTimeOnly()) {
        slotType = JType.scalarType(type.base());
        if (firstSlot < 0) {
          firstSlot = yields.size();
        }
        yields.add(rel && !(val instanceof AVal.Unset) ? scalarId(val) : dummy(slotType));
      } else if (type.rank() > 0) {
        array(then, rel, val, yields);
      }
    }

    private void array(boolean then, boolean rel, AVal val, List<Integer> yields) {
      boolean has = rel && val instanceof AVal.Arr;
      if (then) {
        if (rel && val.equals(before) && !elseTouches) {
          mode = 0;
          return;
        }
        mode = st.facts.pooledMerges.contains(new Facts.Key(at, v.name)) ? 2 : 1;
      }
      if (mode == 0) {
        return;
      }
      if (mode == 2) {
        if (firstSlot < 0) {
          firstSlot = yields.size();
        }
        if (pool == null) {
          pool = st.memory.newPool(st.uniqueName(v.name), v.type.base(), new Facts.Key(at, v.name));
        }
        if (has) {
          AVal.Arr a = (AVal.Arr) val;
          AVal.Arr into = st.memory.allocateIn(pool, a.dims());
          st.merges.share(a, into, v, "merged after the branch", at);
          yields.add(st.intId(into.base()));
          for (AVal.Int d : a.dims()) {
            yields.add(st.intId(d));
          }
        } else {
          for (int k = 0; k <= v.type.rank(); k++) {
            yields.add(dummy(ScalarType.I32));
          }
        }
        return;
      }
      if (!has) {
        return;
      }
      AVal.Arr a = (AVal.Arr) val;
      if (buffer == null) {
        List<AVal.Int> dims = new ArrayList<>();
        for (AVal.Int d : a.dims()) {
          if (!d.isConstant() && !Sym.hoistable(d.sym())) {
            throw st.facts.pooled(at, v.name);
          }
          dims.add(d.isConstant() ? d : AVal.Int.node(st.syms.topLevel(d.sym()), d.sym()));
        }
        if (!st.memory.privatizable(dims)) {
          throw st.facts.pooled(at, v.name);
        }
        buffer = st.memory.allocate(st.uniqueName(v.name), a.elem(), dims, at);
        if (a.elem() == JType.Base.VALUE) {
          st.init.derived(buffer.array(), new Facts.Key(at, v.name));
        }
      } else if (!sameDims(a, buffer)) {
        throw st.facts.pooled(at, v.name);
      }
      st.merges.share(a, buffer, v, "merged after the branch", at);
    }

    void finish(List<Integer> results) {
      if (v.type == null || !relevant[0] && !relevant[1]) {
        v.value = before;
        return;
      }
      boolean unset =
          !v.synthetic()
              && (relevant[0] && value[0] instanceof AVal.Unset
                  || relevant[1] && value[1] instanceof AVal.Unset);
      if (unset) {
        v.value = new AVal.Unset();
        return;
      }
      AVal only = relevant[0] && relevant[1] ? null : relevant[0] ? value[0] : value[1];
      if (relevant[0] && relevant[1] && value[0].equals(value[1])) {
        only = value[0];
      }
      JType type = v.type;
      if (type.scalar() && !type.compileTimeOnly()) {
        boolean constant =
            only instanceof AVal.Int i && i.isConstant()
                || only instanceof AVal.Bool b && b.isConstant()
                || only instanceof AVal.Num n && n.constant() != null && value[0].equals(value[1]);
        v.value = only != null && (constant || visibleAfter(only)) ? only : typed(results);
        return;
      }
      if (type.rank() > 0) {
        if (mode == 0) {
          v.value = before;
        } else if (mode == 1) {
          v.value = buffer != null ? buffer : before;
        } else {
          List<AVal.Int> dims = new ArrayList<>();
          for (int k = 0; k < type.rank(); k++) {
            dims.add(st.syms.intNode(results.get(firstSlot + 1 + k), null));
          }
          v.value =
              new AVal.Arr(
                  pool.storage(),
                  List.of(),
                  dims,
                  type.base(),
                  st.syms.intNode(results.get(firstSlot), null));
        }
        return;
      }
      if (only == null) {
        String what = type.list() ? "list" : type.rank() > 0 ? "array" : type.toString();
        throw st.error(
            type.compileTimeOnly() ? Code.UNSUPPORTED_SYNTAX : Code.MERGED_REFERENCES,
            "variable "
                + v.name
                + " holds a different "
                + what
                + " depending on a runtime"
                + " condition",
            at);
      }
      v.value = only;
    }

    /** A value the arm found already defined before the branch (so visible after it). */
    private boolean visibleAfter(AVal val) {
      return val.equals(before);
    }

    private AVal typed(List<Integer> results) {
      int id = results.get(firstSlot);
      return switch (v.type.base()) {
        case VALUE -> new AVal.Num(id, true, null);
        case DOUBLE -> new AVal.Num(id, false, null);
        case INT, CHAR -> st.syms.intNode(id, null);
        case BOOLEAN -> AVal.Bool.node(id);
        default -> throw new IllegalStateException(v.type.toString());
      };
    }
  }

  /**
   * The value of {@code cond ? yes : no} (also {@code &&} and {@code ||}) when an arm has an effect
   * or may throw: a branch whose arms each give the value ({@code yesTree} and {@code noTree} are
   * the arms' trees, null for a constant).
   */
  AVal value(
      AVal.Bool cond,
      java.util.function.Supplier<AVal> yes,
      java.util.function.Supplier<AVal> no,
      Tree yesTree,
      Tree noTree,
      Tree owner) {
    Frame f = st.frame();
    Scope.Var tmp =
        f.scope.declare(f.syntheticName("cond"), st.facts.valueTypes.get(owner), new AVal.Unset());
    Set<Scope.Var> elseTouches = new java.util.LinkedHashSet<>(t.control.touched(noTree));
    elseTouches.add(tmp);
    Set<Scope.Var> vars = new java.util.LinkedHashSet<>(t.control.touched(yesTree));
    vars.add(tmp);
    vars.addAll(elseTouches);
    branch(
        cond,
        () -> {
          assignTyped(tmp, yes.get(), owner, owner);
          return true;
        },
        () -> {
          assignTyped(tmp, no.get(), owner, owner);
          return true;
        },
        new ArrayList<>(vars),
        elseTouches,
        owner);
    return tmp.value;
  }

  /**
   * Assigns {@code v} to the tracer's variable for the value of a {@code ?:} or switch expression
   * ({@code owner}), whose type the first value fixes; an int where a double came first (or the
   * other way round) restarts with the type widened, and a type learned after a merge restarts with
   * the type known from the start.
   */
  void assignTyped(Scope.Var var, AVal v, Tree owner, Tree at) {
    if (var.type == null) {
      JType type = ExpressionTracer.typeOf(v);
      if (type.equals(JType.INT) && st.facts.widened.contains(owner)) {
        type = JType.DOUBLE;
      }
      var.type = type;
      if (st.facts.valueTypes.put(owner, type) == null && var.mergedUntyped) {
        throw new Facts.Retrace("type of a branch's value");
      }
    } else if (var.type.equals(JType.INT) && v instanceof AVal.Num n && !n.isValue()) {
      throw st.facts.widened(owner);
    }
    t.assign.assignVar(var, v, at);
  }

  /** The node of a scalar value. */
  int scalarId(AVal v) {
    if (v instanceof AVal.Num n) {
      return n.id();
    } else if (v instanceof AVal.Int i) {
      return st.intId(i);
    }
    return st.boolId((AVal.Bool) v);
  }

  private int dummy(ScalarType type) {
    return switch (type) {
      case F64 -> st.constant(0);
      case I32 -> st.intConstant(0);
      default -> st.boolConstant(false);
    };
  }

  /** Whether two arrays provably have the same lengths. */
  static boolean sameDims(AVal.Arr a, AVal.Arr b) {
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int k = 0; k < a.rank(); k++) {
      Sym x = a.dims().get(k).sym();
      Sym y = b.dims().get(k).sym();
      if (!x.equals(y) && !(Bounds.le(x, y) && Bounds.le(y, x))) {
        return false;
      }
    }
    return true;
  }
}
