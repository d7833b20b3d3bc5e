package com.example.trading;

/**
 * An order of the trading example.
 *
 * @param symbol the symbol
 * @param quantity the quantity
 * @author multi-ws team
 */
public record Order(String symbol, int quantity) {

}
