package io.multiws.core;


/**
 * What the binding of multi-ws to one web stack says about itself for the start-up
 * report: its web framework and the container optimizations it uses on a server.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsBinding {

	/**
	 * Return the web framework of this binding.
	 * @return the framework, such as {@code Spring MVC}
	 */
	String framework();

	/**
	 * Return the container optimizations this binding uses on a server, beyond the
	 * portable API (which it falls back to where they are out of reach or switched off).
	 * @param server the server, such as {@code Tomcat}, {@code Jetty} or
	 * {@code Reactor Netty}
	 * @return the optimizations in use and those the container lacks
	 */
	ContainerOptimizations optimizations(String server);

}
