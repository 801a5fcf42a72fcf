package dev.adjoint.processor.trace;

import java.util.List;

/**
 * The rows of a {@code new Value[n][]}: each a reference to a 1-D array (as in Java, rows alias the
 * arrays assigned to them), or, once a loop filled every row with its iteration's array, one dense
 * 2-D view of those arrays.
 */
final class TableState {
  final String name;

  /** The row count when it is a compile-time constant, else -1 (see {@link #rowCount}). */
  final int rows;

  /** The row count. */
  final AVal.Int rowCount;

  final JType.Base elem;

  /** Loops open at creation, and their indices (rows assigned in a loop one deeper collapse). */
  final int depth;

  final List<Integer> prefix;

  /** Row references assigned one by one (null: not assigned yet). */
  final AVal.Arr[] assigned;

  /** The table as one 2-D array: collapsed from a loop, or a materialized copy. */
  AVal.Arr dense;

  /**
   * For rows of lengths that vary, per row dimension the int array of each row's own length (null
   * where all agree); {@link #dense} then has the largest lengths. Null for rectangular tables.
   */
  List<AVal.Arr> lengths;

  /** Whether {@link #dense} is the rows themselves (a loop filled them), not a copy. */
  boolean collapsed;

  /** The runtime-branch depth at creation: an arm may assign rows only of its own tables. */
  int branchDepth;

  /** Branch arms ({@code If}) open at creation: rows are assigned outside branches only. */
  int regionDepth;

  TableState(String name, AVal.Int rowCount, JType.Base elem, int depth, List<Integer> prefix) {
    this.name = name;
    this.rowCount = rowCount;
    this.rows = rowCount.isConstant() ? rowCount.constant() : -1;
    this.elem = elem;
    this.depth = depth;
    this.prefix = List.copyOf(prefix);
    this.assigned = new AVal.Arr[Math.max(rows, 0)];
  }
}
