/**
 * The README's handshake example.
 */
@NullMarked
package com.example.games;

import org.jspecify.annotations.NullMarked;
