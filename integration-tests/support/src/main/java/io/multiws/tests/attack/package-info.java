/**
 * The shared wire-level test suite: what an anonymous attacker tries, and what the server
 * answers while it stays bounded.
 */
@NullMarked
package io.multiws.tests.attack;

import org.jspecify.annotations.NullMarked;
