package dev.adjoint.check;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Reports which function is being checked, on standard error, once checking has taken more than a
 * second: on a terminal one line rewritten in place and erased at the end, elsewhere (a log) a line
 * at most every second.
 */
final class Progress {
  private static final long SECOND = 1_000_000_000L;

  private final PrintStream err;
  private final int total;
  private final LongSupplier nanos;
  private final boolean terminal;
  private final long start;
  private long lastShown = Long.MIN_VALUE;
  private int shownWidth;

  Progress(PrintStream err, int total, LongSupplier nanos, boolean terminal) {
    this.err = err;
    this.total = total;
    this.nanos = nanos;
    this.terminal = terminal;
    this.start = nanos.getAsLong();
  }

  /** Function {@code done + 1} of the total, {@code name}, is being checked. */
  void checking(int done, String name) {
    long now = nanos.getAsLong();
    boolean recent = lastShown != Long.MIN_VALUE && now - lastShown < SECOND;
    if (now - start < SECOND || !terminal && recent) {
      return;
    }
    lastShown = now;
    String text = "checking " + (done + 1) + "/" + total + ": " + name;
    if (terminal) {
      String shown = text.length() > 119 ? text.substring(0, 118) + "…" : text;
      err.print("\r" + shown + " ".repeat(Math.max(0, shownWidth - shown.length())));
      shownWidth = shown.length();
    } else {
      err.println(text);
    }
    err.flush();
  }

  /** Checking is over: erases the line on a terminal. */
  void done() {
    if (terminal && shownWidth > 0) {
      err.print("\r" + " ".repeat(shownWidth) + "\r");
      err.flush();
    }
  }
}
