package dev.adjoint.processor.trace;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;

/** A place in the source: a tree and the compilation unit holding it. */
public record Site(Tree tree, CompilationUnitTree unit) {}
