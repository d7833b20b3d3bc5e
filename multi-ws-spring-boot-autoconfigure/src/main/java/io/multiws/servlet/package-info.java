/**
 * The Servlet (Spring MVC, Tomcat, Jetty) binding: the upgrade {@code HandlerMapping} and the session transport.
 */
@NullMarked
package io.multiws.servlet;

import org.jspecify.annotations.NullMarked;
