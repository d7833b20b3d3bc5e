/**
 * The README's quick start: a room endpoint and a controller that broadcasts to it.
 */
@NullMarked
package com.example.rooms;

import org.jspecify.annotations.NullMarked;
