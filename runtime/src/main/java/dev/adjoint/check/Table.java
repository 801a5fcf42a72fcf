package dev.adjoint.check;

import java.util.ArrayList;
import java.util.List;

/** A fixed-width text table: left-aligned text columns, right-aligned numeric ones. */
final class Table {

  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /** Columns whose header starts with {@code >} are right-aligned (the marker is not shown). */
  Table(String... headers) {
    this.headers = new String[headers.length];
    this.right = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      right[i] = headers[i].startsWith(">");
      this.headers[i] = right[i] ? headers[i].substring(1) : headers[i];
    }
  }

  void add(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          cells.length + " cells for " + headers.length + " columns");
    }
    rows.add(cells.clone());
  }

  String render() {
    int[] width = new int[headers.length];
    for (int c = 0; c < headers.length; c++) {
      width[c] = headers[c].length();
      for (String[] row : rows) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width);
    String[] rule = new String[headers.length];
    for (int c = 0; c < rule.length; c++) {
      rule[c] = "-".repeat(width[c]);
    }
    line(sb, rule, width);
    for (String[] row : rows) {
      line(sb, row, width);
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(width[c] - cells[c].length());
      line.append(right[c] ? pad + cells[c] : cells[c] + pad);
    }
    // No trailing blanks: the last column is padded only for alignment of nothing.
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
