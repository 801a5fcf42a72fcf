package dev.adjoint.processor.trace;

import com.sun.source.util.Trees;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * A test processor that only traces: each {@code @Differentiable} method goes through {@link
 * MethodTracer}, and the result (or the error) is kept by method name. Nothing is generated, so
 * tracing is tested without the optimizer, differentiation or the emitter.
 */
final class TracingProcessor extends AbstractProcessor {
  final Map<String, TracedMethod> traced = new LinkedHashMap<>();
  final Map<String, String> errors = new LinkedHashMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.adjoint.Differentiable");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Trees trees = TreesAccess.trees(processingEnv);
    for (TypeElement a : annotations) {
      for (Element e : round.getElementsAnnotatedWith(a)) {
        ExecutableElement m = (ExecutableElement) e;
        String name = m.getSimpleName().toString();
        try {
          traced.put(name, new MethodTracer(processingEnv, trees).trace(m));
        } catch (TraceException ex) {
          errors.put(name, ex.getMessage());
          processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, ex.getMessage(), m);
        }
      }
    }
    return false;
  }
}
