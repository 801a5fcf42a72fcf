package dev.adjoint.processor.trace;

import java.util.List;

/**
 * Something a jump leaves: a loop ({@code break}, {@code continue}), a switch or a labeled block
 * ({@code break}), or a switch expression ({@code yield}). Jumps are lowered to flags: a jump sets
 * its target's flag and the code it skips runs under the flag's negation.
 */
final class Target {
  /** The kinds of jump targets. */
  enum Kind {
    LOOP,
    SWITCH,
    BLOCK,
    SWITCH_EXPR
  }

  final Kind kind;
  final List<String> labels;

  /** Set by a {@code break} (or a {@code yield}) that leaves this target. */
  final Scope.Var broken;

  /** Set by a {@code continue} of this loop; cleared at the end of each iteration. */
  final Scope.Var continued;

  /** The value a switch expression yields; null for statements. */
  final Scope.Var value;

  Target(Kind kind, List<String> labels, Scope.Var broken, Scope.Var continued, Scope.Var value) {
    this.kind = kind;
    this.labels = List.copyOf(labels);
    this.broken = broken;
    this.continued = continued;
    this.value = value;
  }
}
