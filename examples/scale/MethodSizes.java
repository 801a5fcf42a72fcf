import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints the methods of every class file under the given directories with the most bytecode and
 * with the most arguments ({@code this} included): what HotSpot's 8,000-byte HugeMethodLimit and
 * C2's calling-convention limit look at. Run as a source file: {@code java MethodSizes.java DIR...}.
 */
public final class MethodSizes {
  record Method(String name, int code, int arguments) {}

  public static void main(String[] args) throws IOException {
    List<Method> methods = new ArrayList<>();
    for (String dir : args) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (p.toString().endsWith(".class")) {
            read(p.getFileName().toString().replace(".class", ""), Files.readAllBytes(p), methods);
          }
        }
      }
    }
    long total = methods.stream().mapToLong(Method::code).sum();
    System.out.printf("%d methods, %,d bytes of bytecode%n", methods.size(), total);
    methods.sort(Comparator.comparingInt(Method::code).reversed());
    System.out.println("largest (bytes, arguments, method):");
    methods.stream().limit(5).forEach(m -> System.out.printf("  %5d %3d %s%n", m.code, m.arguments, m.name));
    methods.sort(Comparator.comparingInt(Method::arguments).reversed());
    System.out.println("widest (bytes, arguments, method):");
    methods.stream().limit(5).forEach(m -> System.out.printf("  %5d %3d %s%n", m.code, m.arguments, m.name));
  }

  private static void read(String cls, byte[] b, List<Method> out) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
    in.skipBytes(8); // magic, versions
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      switch (in.readUnsignedByte()) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> { in.readLong(); i++; }
        case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
        default -> throw new IOException("unknown constant tag in " + cls);
      }
    }
    in.skipBytes(6); // access, this, super
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      in.skipBytes(6);
      skipAttributes(in);
    }
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      boolean instance = (in.readUnsignedShort() & 0x0008) == 0;
      String name = utf8[in.readUnsignedShort()];
      String descriptor = utf8[in.readUnsignedShort()];
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("Code")) {
          in.skipBytes(4); // max stack, max locals
          int code = in.readInt();
          out.add(new Method(cls + "." + name + descriptor, code, (instance ? 1 : 0) + parameters(descriptor)));
          in.skipBytes(length - 8);
        } else {
          in.skipBytes(length);
        }
      }
    }
  }

  private static int parameters(String d) {
    int n = 0;
    for (int i = 1; d.charAt(i) != ')'; i++, n++) {
      while (d.charAt(i) == '[') {
        i++;
      }
      if (d.charAt(i) == 'L') {
        i = d.indexOf(';', i);
      }
    }
    return n;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    for (int a = 0; a < n; a++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }
}
