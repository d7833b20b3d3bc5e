package com.example.trading;

/**
 * A quote of the trading example.
 *
 * @param symbol the symbol
 * @param price the price
 * @author multi-ws team
 */
public record Quote(String symbol, long price) {

}
