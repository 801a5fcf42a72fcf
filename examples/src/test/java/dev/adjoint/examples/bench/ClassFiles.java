package dev.adjoint.examples.bench;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the bytecode length and argument count of every method of a class file (JVMS chapter 4):
 * the figures HotSpot compares with {@code HugeMethodLimit} (8,000 bytes) and C2 with what its
 * calling convention can represent before they refuse to JIT-compile a method.
 */
final class ClassFiles {
  private ClassFiles() {}

  private static final int ACC_STATIC = 0x0008;

  /**
   * Method name plus descriptor, such as {@code gradient([DI[D)D}, to the length of the code array
   * of its {@code Code} attribute; abstract and native methods, which have none, are left out.
   */
  static Map<String, Integer> codeLengths(byte[] classFile) {
    Map<String, Integer> out = new LinkedHashMap<>();
    methods(classFile).forEach((name, m) -> out.put(name, m.codeLength()));
    return out;
  }

  /**
   * A method with code: the length of its code array, and how many arguments a call passes, {@code
   * this} included for an instance method (a {@code long} or {@code double} counts once: C2's limit
   * is on arguments, each passed in a register or a 64-bit stack slot).
   */
  record Method(int codeLength, int arguments) {}

  /** As {@link #codeLengths}, with each method's argument count. */
  static Map<String, Method> methods(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IllegalArgumentException("not a class file");
      }
      in.readUnsignedShort(); // minor version
      in.readUnsignedShort(); // major version
      String[] utf8 = constantPoolUtf8(in);
      in.readUnsignedShort(); // access flags
      in.readUnsignedShort(); // this class
      in.readUnsignedShort(); // super class
      in.skipBytes(2 * in.readUnsignedShort()); // interfaces
      int fields = in.readUnsignedShort();
      for (int f = 0; f < fields; f++) {
        in.skipBytes(6); // access, name, descriptor
        skipAttributes(in);
      }
      Map<String, Method> out = new LinkedHashMap<>();
      int methods = in.readUnsignedShort();
      for (int m = 0; m < methods; m++) {
        boolean instance = (in.readUnsignedShort() & ACC_STATIC) == 0;
        String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.readUnsignedShort(); // max stack
            in.readUnsignedShort(); // max locals
            out.put(name, new Method(in.readInt(), (instance ? 1 : 0) + parameterCount(name)));
            in.skipBytes(length - 8);
          } else {
            in.skipBytes(length);
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated class file", e);
    }
  }

  /** The number of parameters a method descriptor declares ({@code (I[[DJ)V}: 3). */
  static int parameterCount(String descriptor) {
    int i = descriptor.indexOf('(') + 1;
    int count = 0;
    while (descriptor.charAt(i) != ')') {
      while (descriptor.charAt(i) == '[') {
        i++;
      }
      i = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
      count++;
    }
    return count;
  }

  /**
   * Reads the constant pool, keeping only the UTF-8 entries (the names), indexed as in the pool.
   */
  private static String[] constantPoolUtf8(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF(); // modified UTF-8 with a u2 length, as readUTF expects
        case 3, 4 -> in.readInt(); // Integer, Float
        case 5, 6 -> { // Long, Double take two entries
          in.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 ->
            in.readUnsignedShort(); // Class, String, MethodType, Module, Package
        case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, NameAndType, Dynamic, InvokeDynamic
        case 15 -> { // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IllegalArgumentException("unknown constant tag " + tag);
      }
    }
    return utf8;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    for (int a = 0; a < n; a++) {
      in.readUnsignedShort();
      in.skipBytes(in.readInt());
    }
  }
}
