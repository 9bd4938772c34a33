/**
 * The demo and the benchmarks, and the demo jar that adds them to the command line: the only code
 * of the product on the test kit.
 */
package dev.baton.demo;
