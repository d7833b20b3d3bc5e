/**
 * The application of the README's snippets.
 */
@NullMarked
package com.example;

import org.jspecify.annotations.NullMarked;
