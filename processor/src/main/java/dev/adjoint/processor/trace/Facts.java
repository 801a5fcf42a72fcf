package dev.adjoint.processor.trace;

import com.sun.source.tree.Tree;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an earlier attempt at tracing a method learned, which decides how the next attempt traces
 * it. The tracer starts from the static representation (the one every static program gets); when it
 * meets a construct that needs the dynamic one (a branch arm with an effect, a list that grows at
 * run time, a parameter written to), it records the fact and starts again ({@link Retrace}). Facts
 * only accumulate, and each names a tree of the method, so this ends.
 */
final class Facts {
  /** Runtime ifs, {@code ?:}s and short-circuit operators traced as branches ({@code If}). */
  final Set<Tree> regions = Collections.newSetFromMap(new IdentityHashMap<>());

  /** List creations that get storage growing at run time. */
  final Set<Tree> dynamicLists = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Counted-looking {@code for} loops whose bound the body changes: general loops. */
  final Set<Tree> generalLoops = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Array merges (at a branch or a loop) that go through a pool, by the tree and variable. */
  final Set<Key> pooledMerges = new LinkedHashSet<>();

  /** Branches of {@code ?:} whose int arm is widened to double (the other arm is a double). */
  final Set<Tree> widened = Collections.newSetFromMap(new IdentityHashMap<>());

  /** The types of {@code ?:} and switch expressions traced as branches, once known. */
  final java.util.Map<Tree, JType> valueTypes = new IdentityHashMap<>();

  /** The lengths of the rows of lists of arrays whose rows are read before the first add. */
  final java.util.Map<Tree, java.util.List<Sym>> listRows = new IdentityHashMap<>();

  /**
   * Bounds of the sizes of dynamic lists (by creation), as the previous attempt found them: a size
   * read is known to be at most its bound. A list whose bound keeps changing, or has none, is in
   * {@link #unboundedLists}.
   */
  final java.util.Map<Tree, Sym> listBounds = new IdentityHashMap<>();

  final Set<Tree> unboundedLists = Collections.newSetFromMap(new IdentityHashMap<>());

  private final java.util.Map<Tree, Integer> boundChanges = new IdentityHashMap<>();

  /**
   * Records the bound a list's adds give (null: none); returns the restart when the reads of this
   * attempt assumed another bound (or none, while one is now known), else null.
   */
  Retrace listBound(Tree creation, Sym bound) {
    if (unboundedLists.contains(creation)) {
      return null;
    }
    Sym previous = listBounds.get(creation);
    if (java.util.Objects.equals(previous, bound)) {
      return null;
    }
    if (boundChanges.merge(creation, 1, Integer::sum) > 4) {
      // Bounds that keep changing (lists that feed each other): give up bounding this one.
      unboundedLists.add(creation);
      return listBounds.remove(creation) == null ? null : new Retrace("unbounded list");
    }
    if (bound == null) {
      listBounds.remove(creation);
    } else {
      listBounds.put(creation, bound);
    }
    return new Retrace("bound of a list's size");
  }

  /**
   * The lengths an array variable carried by a loop has at the end of the body, when they may
   * differ from those at entry (by the loop's tree and the variable).
   */
  final java.util.Map<Key, java.util.List<Sym>> carrierLengths = new java.util.LinkedHashMap<>();

  Retrace carrierLengths(Key key, java.util.List<Sym> lengths) {
    return learned(carrierLengths.put(key, lengths) == null, "lengths of a carried array");
  }

  /**
   * Arrays (by allocation tree, or by the construct and variable of the tracer's own storage) read
   * while they may hold elements never written: they get a shadow of written flags.
   */
  final Set<Object> shadowed = new java.util.HashSet<>();

  /** Arrays that may receive elements never written (copied from such arrays). */
  final Set<Object> partial = new java.util.HashSet<>();

  Retrace shadowed(Object array) {
    return learned(shadowed.add(array), "written flags of an array");
  }

  Retrace partial(Object array) {
    boolean changed = partial.add(array);
    changed |= shadowed.add(array);
    return learned(changed, "an array receiving elements never written");
  }

  /** Parameters the method writes into: they get a local copy at entry. */
  final Set<String> writtenParams = new LinkedHashSet<>();

  /** Whether the program is not static, so that every runtime index is checked. */
  boolean dynamic;

  /**
   * Whether the program's iteration space is too large for the exact check of a static program
   * ({@code WriteOnceCheck}): it is traced as a dynamic one, whose reads of elements that may be
   * unwritten are checked where they run, and whose analyses are symbolic.
   */
  boolean unchecked;

  /** Records that the exact check is too costly; returns the restart as a dynamic program. */
  Retrace unchecked() {
    boolean changed = !unchecked || !dynamic;
    unchecked = true;
    dynamic = true;
    return learned(changed, "iteration space too large to check element by element");
  }

  /** Number of attempts so far. */
  int attempts;

  /** A tree of the method together with a variable's name. */
  record Key(Tree tree, String name) {}

  /** Records that {@code tree} is traced as a branch; returns the restart. */
  Retrace region(Tree tree) {
    return learned(regions.add(tree), "branch at " + tree.getKind());
  }

  Retrace dynamicList(Tree creation) {
    return learned(dynamicLists.add(creation), "growing list");
  }

  Retrace generalLoop(Tree loop) {
    return learned(generalLoops.add(loop), "general loop");
  }

  Retrace pooled(Tree tree, String name) {
    return learned(pooledMerges.add(new Key(tree, name)), "pooled merge of " + name);
  }

  Retrace widened(Tree tree) {
    return learned(widened.add(tree), "widened branch value");
  }

  Retrace listRows(Tree creation, java.util.List<Sym> dims) {
    return learned(listRows.put(creation, dims) == null, "lengths of a list's rows");
  }

  Retrace written(String param) {
    return learned(writtenParams.add(param), "written parameter " + param);
  }

  Retrace dynamic() {
    boolean changed = !dynamic;
    dynamic = true;
    return learned(changed, "dynamic program");
  }

  private static Retrace learned(boolean changed, String what) {
    if (!changed) {
      throw new IllegalStateException("the tracer learned nothing new: " + what);
    }
    return new Retrace(what);
  }

  /** Thrown to restart tracing the method with more facts. */
  static final class Retrace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Retrace(String why) {
      super(why, null, false, false);
    }
  }
}
