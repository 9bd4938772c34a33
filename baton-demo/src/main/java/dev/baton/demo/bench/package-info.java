/**
 * The benchmarks, and the real PostgreSQL scenario they share with the demo and the integration
 * tests.
 */
package dev.baton.demo.bench;
