/**
 * Hub history with gap-free join and resume, presence and per-user sends, kept beside the hub registry.
 */
@NullMarked
package io.multiws.features;

import org.jspecify.annotations.NullMarked;
