package dev.adjoint.examples.microgpt;

import java.util.List;
import java.util.TreeSet;

/**
 * microgpt's tokenizer: one token per distinct character of the dataset, in sorted order, and BOS
 * (beginning and end of a document) as the last token.
 */
public final class Vocabulary {
  private final char[] chars;

  /** The vocabulary of {@code documents}: their sorted distinct characters, then BOS. */
  public Vocabulary(List<String> documents) {
    TreeSet<Character> distinct = new TreeSet<>();
    for (String d : documents) {
      for (int i = 0; i < d.length(); i++) {
        distinct.add(d.charAt(i));
      }
    }
    chars = new char[distinct.size()];
    int k = 0;
    for (char c : distinct) {
      chars[k++] = c;
    }
  }

  /** Number of tokens, BOS included. */
  public int size() {
    return chars.length + 1;
  }

  /** The BOS token: the last one. */
  public int bos() {
    return chars.length;
  }

  /** The tokens of one document: BOS, its characters, BOS. */
  public int[] encode(String document) {
    int[] tokens = new int[document.length() + 2];
    tokens[0] = bos();
    for (int i = 0; i < document.length(); i++) {
      tokens[i + 1] = token(document.charAt(i));
    }
    tokens[tokens.length - 1] = bos();
    return tokens;
  }

  private int token(char c) {
    int lo = 0;
    int hi = chars.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (chars[mid] < c) {
        lo = mid + 1;
      } else if (chars[mid] > c) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    throw new IllegalArgumentException("character '" + c + "' is not in the vocabulary");
  }

  /** The character of a token other than BOS. */
  public char character(int token) {
    return chars[token];
  }
}
