package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.ArrayDecl;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a load by the value a store of the same block put at the same index earlier ({@code
 * exps[3] = e; ... s = exps[3]} reads {@code e}), so straight-line code keeps values in locals
 * instead of re-reading the workspace. The load returns exactly the stored value, so results are
 * unchanged bit for bit.
 *
 * <p>Within one block only, in order (a loop body or a branch arm is a block of its own). A store
 * to an array forgets the earlier stores to it whose index may be the same element (equal unless
 * both are constants and differ), so a mutated array is forwarded only the value its element surely
 * holds; a nested loop or branch forgets every array it may store into. The caller's output arrays
 * may share storage with each other and with the inputs, so a store to one of them forgets all of
 * them.
 */
public final class StoreForwarding {

  private final Function f;
  private final Map<Integer, Node> byId;
  private final Map<Integer, Integer> alias = new HashMap<>();

  private StoreForwarding(Function f) {
    this.f = f;
    this.byId = f.nodesById();
  }

  /** {@code f} with every load that follows a store to its element in the same block forwarded. */
  public static Function run(Function f) {
    StoreForwarding p = new StoreForwarding(f);
    List<Node> body = p.block(f.body());
    if (p.alias.isEmpty()) {
      return f;
    }
    return Rewrite.finish(f, body, p::resolve);
  }

  private int resolve(int id) {
    return alias.getOrDefault(id, id);
  }

  /** A remembered store: array, index ids, stored value. */
  private record Stored(int array, List<Integer> index, int value) {}

  private List<Node> block(List<Node> nodes) {
    List<Stored> known = new ArrayList<>();
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node original : nodes) {
      Node n = Rewrite.renameOperands(original, this::resolve);
      if (!n.blocks().isEmpty()) {
        // A loop or a branch: its blocks are forwarded on their own; afterwards, any array it
        // may have stored into is forgotten.
        n = Rewrite.regions(n, this::block, this::resolve);
        Set<Integer> stored = new HashSet<>();
        for (List<Node> inner : n.blocks()) {
          stored.addAll(Blocks.storedArrays(inner));
        }
        boolean caller = stored.stream().anyMatch(a -> !isLocal(a));
        known.removeIf(s -> stored.contains(s.array()) || caller && !isLocal(s.array()));
      } else if (n instanceof Node.Store s) {
        forget(known, s);
        known.add(new Stored(s.array(), s.index(), s.value()));
      } else if (n instanceof Node.Load l) {
        Integer v = lookup(known, l);
        if (v != null) {
          alias.put(l.id(), v);
          continue;
        }
      }
      out.add(n);
    }
    return out;
  }

  private boolean isLocal(int array) {
    return f.array(array).role() == ArrayDecl.Role.LOCAL;
  }

  private void forget(List<Stored> known, Node.Store s) {
    boolean caller = !isLocal(s.array());
    for (Iterator<Stored> it = known.iterator(); it.hasNext(); ) {
      Stored k = it.next();
      if (k.array() == s.array()
          ? mayBeSame(k.index(), s.index())
          : caller && !isLocal(k.array())) {
        it.remove();
      }
    }
  }

  private Integer lookup(List<Stored> known, Node.Load l) {
    for (int i = known.size() - 1; i >= 0; i--) {
      Stored k = known.get(i);
      if (k.array() == l.array() && sameElement(k.index(), l.index())) {
        return k.value();
      }
    }
    return null;
  }

  /** True if the indices are the same ids or the same constants, component by component. */
  private boolean sameElement(List<Integer> a, List<Integer> b) {
    for (int d = 0; d < a.size(); d++) {
      int x = a.get(d);
      int y = b.get(d);
      if (x != y
          && !(byId.get(x) instanceof Node.Const cx
              && byId.get(y) instanceof Node.Const cy
              && cx.value() == cy.value())) {
        return false;
      }
    }
    return true;
  }

  /** False only if some component is two different constants. */
  private boolean mayBeSame(List<Integer> a, List<Integer> b) {
    for (int d = 0; d < a.size(); d++) {
      if (byId.get(a.get(d)) instanceof Node.Const cx
          && byId.get(b.get(d)) instanceof Node.Const cy
          && cx.value() != cy.value()) {
        return false;
      }
    }
    return true;
  }
}
