package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.CompiledMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names the members generated for each method — its kernel class, its {@code CompiledFunction}
 * adapter and its static convenience method — and the shared static helpers, identically for the
 * emitted class and its service registration. Names never clash with each other, with the generated
 * class, with the source classes or with types the generated code names unqualified.
 */
final class Layout {

  /** The generated names for one method. */
  record Entry(CompiledMethod method, String kernel, String adapter, String convenience) {}

  final List<Entry> entries = new ArrayList<>();
  final String flatten;
  final String unflatten;
  final String scale;
  final String capacity;
  final String grow;
  final String element;
  final String sized;

  Layout(String generatedSimpleName, List<CompiledMethod> methods) {
    Names types = new Names();
    types.reserve(generatedSimpleName);
    for (CompiledMethod m : methods) {
      for (String part : m.source().declaringClass().split("\\.")) {
        types.reserve(part);
      }
    }
    Names statics = new Names();
    Set<String> signatures = new HashSet<>();
    for (CompiledMethod m : methods) {
      String method = Names.sanitize(m.source().methodName(), "method");
      String kernel = types.allocate(Names.capitalize(method), "Kernel");
      String adapter = types.allocate(kernel + "Function", "Function");
      String key =
          new Signature(m.forward())
              .params.stream()
                  .limit(m.forward().params().size())
                  .map(p -> p.type().toString())
                  .toList()
                  .toString();
      String convenience = method;
      for (int k = 2; signatures.contains(convenience + key); k++) {
        convenience = method + k; // same name and parameter types: an overload clash
      }
      statics.reserve(convenience);
      signatures.add(convenience + key);
      entries.add(new Entry(m, kernel, adapter, convenience));
    }
    flatten = statics.allocate("flatten", "flatten");
    unflatten = statics.allocate("unflatten", "unflatten");
    scale = statics.allocate("scale", "scale");
    capacity = statics.allocate("capacity", "capacity");
    grow = statics.allocate("grow", "grow");
    element = statics.allocate("element", "element");
    sized = statics.allocate("sized", "sized");
  }
}
