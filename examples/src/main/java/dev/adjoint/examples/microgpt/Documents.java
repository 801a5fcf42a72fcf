package dev.adjoint.examples.microgpt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training documents: the 32,033 names of Karpathy's makemore dataset (MIT licence, shipped
 * beside it as {@code names-LICENSE.txt}), one per line, shuffled with a fixed seed as microgpt
 * does.
 */
public final class Documents {
  private Documents() {}

  /** The names, in file order. */
  public static List<String> names() {
    InputStream in = Documents.class.getResourceAsStream("/microgpt/names.txt");
    if (in == null) {
      throw new IllegalStateException("microgpt/names.txt is missing from the class path");
    }
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String name = line.strip();
        if (!name.isEmpty()) {
          out.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** {@code documents} shuffled (Fisher-Yates) with {@code new Random(seed)}. */
  public static List<String> shuffled(List<String> documents, long seed) {
    List<String> out = new ArrayList<>(documents);
    Random random = new Random(seed);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }
}
