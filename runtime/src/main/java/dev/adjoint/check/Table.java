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
    return render(Integer.MAX_VALUE);
  }

  /**
   * The table in at most {@code maxWidth} columns where it can be: the first column's longer cells
   * lose their middle ({@code dev.adjoint.exa…Softmaxes.crossEntropy}), down to 16 characters.
   */
  String render(int maxWidth) {
    int[] width = new int[headers.length];
    for (int c = 0; c < headers.length; c++) {
      width[c] = headers[c].length();
      for (String[] row : rows) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    int total = 2 * (headers.length - 1);
    for (int w : width) {
      total += w;
    }
    if (total > maxWidth) {
      int first = Math.max(Math.max(16, headers[0].length()), width[0] - (total - maxWidth));
      if (first < width[0]) {
        width[0] = first;
        for (String[] row : rows) {
          row[0] = shorten(row[0], first);
        }
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

  /** {@code s} in at most {@code width} characters, its middle replaced by an ellipsis. */
  static String shorten(String s, int width) {
    if (s.length() <= width) {
      return s;
    }
    int tail = (width - 1) * 2 / 3;
    int head = width - 1 - tail;
    return s.substring(0, head) + "…" + s.substring(s.length() - tail);
  }
}
