package dev.adjoint.processor.opt;

import dev.adjoint.processor.ir.Function;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Sets and maps keyed by node ids, as arrays: ids are small and dense (below {@link
 * Function#nextId}), so passes that look up every node avoid hashing. Ids outside that range (only
 * in a malformed program) go to hash-based fallbacks, so they are never lost.
 */
final class Ids {
  private Ids() {}

  /** A set of ids, as bits. */
  static final class IdSet {
    private final BitSet bits;
    private Set<Integer> others;

    IdSet(int nextId) {
      bits = new BitSet(Math.max(nextId, 0));
    }

    /** Adds {@code id}; true if it was not there. */
    boolean add(int id) {
      if (id >= 0) {
        if (bits.get(id)) {
          return false;
        }
        bits.set(id);
        return true;
      }
      if (others == null) {
        others = new HashSet<>();
      }
      return others.add(id);
    }

    boolean contains(int id) {
      return id >= 0 ? bits.get(id) : others != null && others.contains(id);
    }
  }

  /** A map from ids to non-null values, by array. */
  static final class IdMap<V> {
    private Object[] values;
    private Map<Integer, V> others;

    IdMap(int nextId) {
      values = new Object[Math.max(nextId, 16)];
    }

    /** The value for {@code id}, or null. */
    @SuppressWarnings("unchecked")
    V get(int id) {
      if (id >= 0) {
        return id < values.length ? (V) values[id] : null;
      }
      return others == null ? null : others.get(id);
    }

    void put(int id, V value) {
      if (id >= 0) {
        if (id >= values.length) {
          values = Arrays.copyOf(values, Math.max(id + 1, 2 * values.length));
        }
        values[id] = value;
      } else {
        if (others == null) {
          others = new HashMap<>();
        }
        others.put(id, value);
      }
    }

    boolean containsKey(int id) {
      return get(id) != null;
    }
  }

  /** Ids renamed to other ids (aliases); an id without an alias stands for itself. */
  static final class Renaming implements IntUnaryOperator {
    private final IdMap<Integer> to;

    Renaming(int nextId) {
      to = new IdMap<>(nextId);
    }

    void put(int id, int target) {
      to.put(id, target);
    }

    @Override
    public int applyAsInt(int id) {
      Integer t = to.get(id);
      return t == null ? id : t;
    }
  }
}
