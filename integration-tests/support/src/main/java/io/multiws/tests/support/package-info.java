/**
 * The shared wire-level test suite: support.
 */
@NullMarked
package io.multiws.tests.support;

import org.jspecify.annotations.NullMarked;
