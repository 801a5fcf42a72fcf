package dev.adjoint.processor.diag;

/**
 * Every diagnostic the processor reports, with a stable number, a short title and a hint. Numbers
 * are never reused or renumbered: users search for them, and docs/DIAGNOSTICS.md documents each,
 * retired ones (for constructs that are now supported) included.
 */
public enum Code {
  NOT_JAVAC(
      1,
      "Adjoint needs javac's Trees API",
      "compile with javac (Maven, Gradle or the JDK's"
          + " javac command); other compilers such as ECJ cannot run the Adjoint processor"),
  NOT_STATIC(
      2,
      "a @Differentiable method must be static",
      "make the method static and pass everything it uses as parameters"),
  PRIVATE_METHOD(
      3,
      "a @Differentiable method must not be private",
      "make it package-private or public so that the generated class can call it"),
  UNREACHABLE_CLASS(
      4,
      "the generated code cannot reach the declaring class",
      "declare @Differentiable methods in a top-level class or a static nested class that is not"
          + " private"),
  OVERLOADED(
      5,
      "@Differentiable methods must not be overloaded",
      "give each @Differentiable method of a class its own name"),
  NAME_CLASH(
      6,
      "the name of the generated class is already taken",
      "rename the class that clashes; Adjoint generates <Class>Compiled next to each class"),
  GENERIC_METHOD(
      7,
      "generic methods are not supported",
      "remove the type parameters; @Differentiable methods work on Value, double, int and arrays"),
  PARAMETER_TYPE(
      8,
      "unsupported parameter type",
      "use Value, Value[], Value[][], Value[][][], List<Value>, int, double, boolean, double[] or"
          + " int[]"),
  RETURN_TYPE(9, "unsupported return type", "return a Value, Value[], Value[][] or List<Value>"),
  MISSING_SHAPE(
      10,
      "an array or list parameter needs @Shape",
      "annotate it with its static size, e.g. @Shape(27) Value[] logits or @Shape({4, 8}) Value[][]"
          + " w",
      Status.RETIRED),
  BAD_SHAPE(
      11,
      "@Shape does not fit the parameter",
      "give one positive size per dimension: @Shape(n) for Value[] and List<Value>, @Shape({rows,"
          + " cols}) for Value[][]; scalars take no @Shape; leave it out for sizes known only at"
          + " run time"),
  WHILE_LOOP(
      12,
      "while loops are not supported",
      "use a for loop over a @Shape-sized array or a constant bound",
      Status.RETIRED),
  FOR_FORM(
      13,
      "unsupported for loop",
      "write for (int i = A; i < B; i++) (or <=, i += k, or a descending i--) with compile-time A"
          + " and B, or a for-each over an array or list",
      Status.RETIRED),
  DYNAMIC_BOUND(
      14,
      "data-dependent loop bound",
      "loop bounds must be compile-time constants (literals, final constants, .length, .size());"
          + " loop over the full range and select with a condition instead",
      Status.RETIRED),
  JUMP(
      15,
      "break, continue and labeled statements are not supported",
      "restructure the loop so that every iteration runs to its end; use a condition inside the"
          + " body",
      Status.RETIRED),
  EXCEPTIONS(
      16,
      "exceptions are not supported",
      "remove try/catch/throw; numeric problems produce NaN or infinities as in the Value engine"),
  SWITCH(17, "switch is not supported", "use if/else on compile-time values", Status.RETIRED),
  IMPURE_BRANCH(
      18,
      "a branch on a runtime condition may only compute values",
      "both arms of an if (or ?:) whose condition depends on data may only assign local scalar"
          + " variables; compute into scalars and store after the if",
      Status.RETIRED),
  ARRAY_REASSIGNED_IN_LOOP(
      19,
      "array or list variable reassigned inside a loop",
      "declare a new array inside the loop body instead of reassigning one declared outside",
      Status.RETIRED),
  INDEX_OUT_OF_BOUNDS(
      20,
      "index out of bounds",
      "check the loop bounds and the @Shape of the parameters; indices must stay inside the"
          + " declared shape"),
  READ_UNWRITTEN(
      21,
      "array element read before it is written",
      "write every element of a local array before reading it (a Value[] element starts as null)"),
  WRITTEN_TWICE(
      22,
      "array element written more than once",
      "write each element of a local array once; accumulate in a scalar variable and store the"
          + " total",
      Status.RETIRED),
  DYNAMIC_STORE_INDEX(
      23,
      "store index depends on runtime data",
      "only loop indices and compile-time values may index an array write",
      Status.RETIRED),
  OPAQUE_CALL(
      24,
      "call to a method Adjoint cannot trace",
      "call Value operations, Math functions, dev.adjoint.nn.Nn functions, or static methods whose"
          + " source is in this compilation"),
  INSTANCE_CALL(
      25,
      "instance methods cannot be traced",
      "make the helper a static method and pass what it needs as parameters"),
  RECURSION(
      26,
      "recursive calls are not supported",
      "Adjoint inlines helper methods; rewrite the recursion as a loop"),
  BACKWARD_INSIDE(
      27,
      "backward(), grad() and zeroGrad() cannot be used inside a @Differentiable" + " method",
      "return the loss and let the generated code (or the caller) compute gradients"),
  LAMBDA(
      28,
      "lambdas, method references and streams are not supported",
      "write the computation as a for loop"),
  FIELD(
      29,
      "only compile-time constant fields can be used",
      "pass the value as a parameter, or make the field a static final compile-time constant"),
  NEW_OBJECT(
      30,
      "unsupported object creation",
      "only arrays of Value, double, int and boolean, and new ArrayList<>() (empty or copying a"
          + " list) can be created; local and anonymous classes are not supported"),
  STRINGS(
      31,
      "strings are not supported",
      "strings may only be compile-time constants (switch labels, helper arguments); log outside"
          + " the differentiable method"),
  SYNCHRONIZED(32, "synchronized is not supported", "remove the synchronized block"),
  UNSUPPORTED_SYNTAX(
      33,
      "unsupported construct",
      "see docs/DIAGNOSTICS.md for the subset of Java that Adjoint traces"),
  UNSUPPORTED_TYPE(
      34,
      "unsupported variable type",
      "use Value, double, int, boolean, char, arrays of Value, double, int or boolean, lists of"
          + " Values,"
          + " of Value arrays or of such lists, and compile-time Strings and enum constants"),
  RETURN_PLACEMENT(
      35,
      "return must end the method",
      "return at the end of the method, or inside an if whose paths all end in a return; never"
          + " inside a loop",
      Status.RETIRED),
  ARITHMETIC(
      36,
      "unsupported arithmetic",
      "use +, -, *, /, % on int and double, comparisons, &&, ||, !; a cast to char needs a"
          + " compile-time value"),
  LIST_GROWTH(
      37,
      "list grows in an unsupported way",
      "create the list outside loops whose trip count is known only inside them, add arrays of"
          + " one length, add an element before reading any, and do not change a list inside a"
          + " for-each over it"),
  BAD_DOMAIN(
      38,
      "@Domain is not a finite, non-empty range",
      "give @Domain(min = a, max = b) with finite a <= b"),
  SHAPE_MISMATCH(
      39,
      "array shapes do not match",
      "check the lengths of the arrays passed to this call (and their @Shape)"),
  PARAMETER_WRITE(
      40,
      "parameters are read-only",
      "copy the parameter into a new local array or list and modify that",
      Status.RETIRED),
  UNRESOLVED(
      41,
      "unknown name",
      "only parameters, local variables and static final compile-time constants can be used"),
  ALIASED_WRITE(
      42,
      "array written while a copy of it is in use",
      "Adjoint copies an array where Java would share it (a variable merged after an if or carried"
          + " by a loop, an array added to a list); write into a new array instead of the shared"
          + " one, or stop using the other reference"),
  MERGED_REFERENCES(
      43,
      "a list or table variable refers to different objects on different paths",
      "give each list or table its own variable, or copy the elements into a new one"),
  TABLE_ROWS(
      44,
      "a table's rows must come from one loop, and be of one length for the table to be used"
          + " whole",
      "fill a new Value[n][] as t[i] = <an array made in iteration i> in a loop over all its rows,"
          + " or give it a constant row count; a table whose rows differ in length can be indexed"
          + " and iterated over, not returned or passed on whole"),
  NO_RETURN(
      45,
      "the method never returns",
      "make every path through the method end in a return; an endless loop needs a break or a"
          + " return"),
  CUSTOM_FUNCTION(
      46,
      "Value.custom does not name a usable @CustomGradient function",
      "pass a class literal and a string literal naming a static method of that class annotated"
          + " @CustomGradient, returning double and taking one double per argument, that the"
          + " generated class can call (public, or in its package)"),
  CUSTOM_RULE(
      47,
      "a @CustomGradient rule does not fit its function",
      "declare the rule @CustomGradient names in the function's class: static, taking the"
          + " function's double parameters (optionally followed by its value), returning double for"
          + " a function of one parameter and a double[] of one partial derivative per parameter"
          + " otherwise, with its source in this compilation"),
  DATA_DEPENDENT_RESULT(
      48,
      "the length of the result depends on the data",
      "return an array whose length follows from the arguments' lengths: the generated forward,"
          + " vjp and jvp size the caller's result buffer before they run (keep every element and"
          + " give the dropped ones a value such as 0, or return a sum or a count instead)"),
  INTERNAL(
      900,
      "internal error in Adjoint (this is an Adjoint bug, not a problem in your code)",
      "please report it to the Adjoint issue tracker with this message, the stack summary and the"
          + " method's source; the other methods are still compiled");

  private final int number;
  private final String title;
  private final String hint;
  private final boolean retired;

  /** Marks a code the processor no longer reports (what it rejected is now traced). */
  private static final class Status {
    static final boolean RETIRED = true;
  }

  Code(int number, String title, String hint) {
    this(number, title, hint, false);
  }

  Code(int number, String title, String hint, boolean retired) {
    this.number = number;
    this.title = title;
    this.hint = hint;
    this.retired = retired;
  }

  /**
   * Whether the code is retired: the construct it rejected is now supported, so it is never
   * reported. Its number stays reserved and documented.
   */
  public boolean retired() {
    return retired;
  }

  /** The stable number. */
  public int number() {
    return number;
  }

  /** The stable identifier users search for, e.g. {@code ADJ012}. */
  public String id() {
    return String.format("ADJ%03d", number);
  }

  /** What went wrong, in a few words. */
  public String title() {
    return title;
  }

  /** How to fix it. */
  public String hint() {
    return hint;
  }
}
