package io.multiws.sample.ticker;

/**
 * A price quote, sent as JSON.
 *
 * @param symbol the ticker symbol
 * @param price the price
 * @param sequence the tick number
 * @author multi-ws team
 */
public record Quote(String symbol, double price, long sequence) {

}
