package dev.adjoint.examples.microgpt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The training loss per step, drawn two ways: a small text plot for the terminal, and an SVG file a
 * person can open. Both show the mean over consecutive windows of steps, since one document's loss
 * is noisy.
 */
public final class LossCurve {
  private final double[] losses;
  private int size;

  /** A curve for up to {@code steps} steps. */
  public LossCurve(int steps) {
    losses = new double[steps];
  }

  /** Records the loss of the next step. */
  public void add(double loss) {
    losses[size++] = loss;
  }

  /** Number of steps recorded. */
  public int size() {
    return size;
  }

  /** The mean loss over steps {@code [from, to)}. */
  public double mean(int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += losses[i];
    }
    return to > from ? s / (to - from) : Double.NaN;
  }

  /** Window means: {@code columns} consecutive, equal windows over all steps. */
  double[] windows(int columns) {
    int n = Math.min(columns, size);
    double[] out = new double[n];
    for (int c = 0; c < n; c++) {
      out[c] = mean((int) ((long) c * size / n), (int) ((long) (c + 1) * size / n));
    }
    return out;
  }

  /** A text plot, {@code columns} wide and {@code rows} high, with the loss on the left axis. */
  public String text(int columns, int rows) {
    double[] w = windows(columns);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : w) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      double top = hi - (hi - lo) * r / rows;
      double bottom = hi - (hi - lo) * (r + 1) / rows;
      String label =
          r == 0 || r == rows - 1 ? String.format(Locale.ROOT, "%5.2f", r == 0 ? hi : lo) : "";
      out.append(String.format(Locale.ROOT, "%5s |", label));
      for (double x : w) {
        boolean here = x <= top && (x > bottom || r == rows - 1 && x >= bottom);
        out.append(here ? '*' : ' ');
      }
      out.append('\n');
    }
    out.append("      +").append("-".repeat(w.length)).append('\n');
    out.append(
        String.format(Locale.ROOT, "       step 1%" + Math.max(1, w.length - 6) + "s%n", size));
    return out.toString();
  }

  /** Writes an SVG plot of the window means (and the range of each window) to {@code file}. */
  public void writeSvg(Path file, String title) {
    int width = 720;
    int height = 360;
    int left = 56;
    int bottom = 40;
    int top = 36;
    int right = 16;
    double[] w = windows(240);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : w) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    lo = Math.floor(lo * 2) / 2;
    hi = Math.ceil(hi * 2) / 2;
    if (!(hi > lo)) {
      hi = lo + 0.5;
    }
    double plotW = width - left - right;
    double plotH = height - top - bottom;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n",
            left,
            escape(title)));
    for (double y = lo; y <= hi + 1e-9; y += 0.5) {
      double py = top + plotH * (hi - y) / (hi - lo);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n",
              left,
              py,
              width - right,
              py,
              left - 6,
              py + 4,
              y));
    }
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      double px = left + plotW * (i + 0.5) / w.length;
      double py = top + plotH * (hi - w[i]) / (hi - lo);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
    }
    svg.append("<polyline fill=\"none\" stroke=\"#9ec5fe\" stroke-width=\"1.5\" points=\"")
        .append(points.toString().trim())
        .append("\"/>\n");
    // The trend: an exponential moving average of the window means.
    StringBuilder trend = new StringBuilder();
    double ema = w.length > 0 ? w[0] : 0;
    for (int i = 0; i < w.length; i++) {
      ema = i == 0 ? w[0] : 0.9 * ema + 0.1 * w[i];
      double px = left + plotW * (i + 0.5) / w.length;
      double py = top + plotH * (hi - ema) / (hi - lo);
      trend.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
    }
    svg.append("<polyline fill=\"none\" stroke=\"#0b3d91\" stroke-width=\"2.5\" points=\"")
        .append(trend.toString().trim())
        .append("\"/>\n");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\">step 1</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">step %,d</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">loss (mean over %,d-step"
                + " windows)</text>%n",
            left,
            height - 14,
            width - right,
            height - 14,
            size,
            left + (int) plotW / 2,
            height - 14,
            Math.max(1, size / Math.max(1, w.length))));
    svg.append("</svg>\n");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, svg.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
