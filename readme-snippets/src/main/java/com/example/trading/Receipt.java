package com.example.trading;

/**
 * The receipt of an order of the trading example.
 *
 * @param symbol the symbol
 * @param quantity the quantity
 * @param status the status
 * @author multi-ws team
 */
public record Receipt(String symbol, int quantity, String status) {

}
