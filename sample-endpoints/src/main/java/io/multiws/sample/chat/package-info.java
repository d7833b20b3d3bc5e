/**
 * The {@code /chat/{room}} sample endpoint: a chat room with history, resume and presence.
 */
@NullMarked
package io.multiws.sample.chat;

import org.jspecify.annotations.NullMarked;
