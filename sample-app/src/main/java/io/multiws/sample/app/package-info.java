/**
 * The Servlet (Spring MVC on Tomcat) sample application.
 */
@NullMarked
package io.multiws.sample.app;

import org.jspecify.annotations.NullMarked;
