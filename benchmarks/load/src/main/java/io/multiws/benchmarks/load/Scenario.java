package io.multiws.benchmarks.load;

/**
 * One load scenario, run against one server at a time.
 *
 * @author multi-ws team
 */
interface Scenario {

	/**
	 * Return the short name, such as {@code echo}.
	 * @return the name
	 */
	String name();

	/**
	 * Return the parameters in words.
	 * @return the description
	 */
	String description();

	/**
	 * Run against a server; every loop is bounded in count and time.
	 * @param server the server
	 * @param client the client
	 * @return the figures
	 * @throws Exception on a failure that ends the run
	 */
	Result run(ServerProcess server, WsClient client) throws Exception;

}
