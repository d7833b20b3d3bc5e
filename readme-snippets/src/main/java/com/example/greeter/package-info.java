/**
 * The README's example of the {@code @WsTest} slice: an endpoint and the service it
 * uses.
 */
@NullMarked
package com.example.greeter;

import org.jspecify.annotations.NullMarked;
