/**
 * The attack suites: what one anonymous client can make the server hold, and what it sees.
 */
@NullMarked
package io.multiws.tests.attack;

import org.jspecify.annotations.NullMarked;
