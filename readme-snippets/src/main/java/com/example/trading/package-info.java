/**
 * The README's asynchronous example, with the services and records it uses.
 */
@NullMarked
package com.example.trading;

import org.jspecify.annotations.NullMarked;
