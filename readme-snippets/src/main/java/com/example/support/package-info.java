/**
 * The README's request-reply example.
 */
@NullMarked
package com.example.support;

import org.jspecify.annotations.NullMarked;
