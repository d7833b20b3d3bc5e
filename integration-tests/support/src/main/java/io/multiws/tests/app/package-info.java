/**
 * The shared wire-level test suite: app.
 */
@NullMarked
package io.multiws.tests.app;

import org.jspecify.annotations.NullMarked;
