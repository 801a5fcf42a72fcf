package dev.adjoint.check;

/**
 * Finds one class in a generated source file: the member class {@code name} of the outermost class,
 * from its Javadoc to its closing brace. Braces in comments, strings and characters are skipped.
 */
final class SourceExtract {
  private SourceExtract() {}

  /** The text of member class {@code name} in {@code source}, or null if there is none. */
  static String memberClass(String source, String name) {
    int depth = 0;
    int commentStart = -1;
    int i = 0;
    int lineStart = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\n') {
        lineStart = i + 1;
      }
      if (source.startsWith("/**", i) && depth == 1) {
        commentStart = lineStart;
      }
      if (source.startsWith("//", i)) {
        i = endOfLine(source, i);
        continue;
      }
      if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
        continue;
      }
      if (c == '"' || c == '\'') {
        i = endOfLiteral(source, i);
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (depth == 1 && declares(source, i, name)) {
        int start = commentStart >= 0 && commentStart <= i ? commentStart : lineStart;
        int end = closingBrace(source, source.indexOf('{', i));
        return end < 0 ? null : source.substring(start, end + 1) + "\n";
      } else if (c == ';' && depth == 1) {
        commentStart = -1;
      }
      if (c == '}' && depth == 1) {
        commentStart = -1;
      }
      i++;
    }
    return null;
  }

  /** Whether {@code class name} starts at {@code i} (as whole words). */
  private static boolean declares(String s, int i, String name) {
    String decl = "class " + name;
    if (!s.startsWith(decl, i) || i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) {
      return false;
    }
    int after = i + decl.length();
    return after < s.length() && !Character.isJavaIdentifierPart(s.charAt(after));
  }

  private static int closingBrace(String s, int open) {
    int depth = 0;
    for (int i = open; open >= 0 && i < s.length(); i++) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        i = endOfLine(s, i) - 1;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 1;
      } else if (c == '"' || c == '\'') {
        i = endOfLiteral(s, i) - 1;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int endOfLine(String s, int i) {
    int end = s.indexOf('\n', i);
    return end < 0 ? s.length() : end;
  }

  /** The index after the string or character literal starting at {@code i}. */
  private static int endOfLiteral(String s, int i) {
    char quote = s.charAt(i);
    if (quote == '"' && s.startsWith("\"\"\"", i)) {
      int end = s.indexOf("\"\"\"", i + 3);
      return end < 0 ? s.length() : end + 3;
    }
    for (int j = i + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == quote || c == '\n') {
        return j + 1;
      }
    }
    return s.length();
  }
}
