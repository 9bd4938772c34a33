package dev.baton.strategy.splitside;

import dev.baton.model.ProductTerms;
import dev.baton.model.Term;

/**
 * Seed 002's citations that name its product's parts, in the words the topology's pack gives
 * ({@code terms:}); without a pack they read generically.
 *
 * @param stopServicesOnSide followed by the side's name
 */
record ProductWords(
    String stopServicesOnSide,
    String startServices,
    String upgradeDatabases,
    String backUpDatabases) {

  /** The citations in the pack's words. */
  static ProductWords of(ProductTerms terms) {
    // Without a pack the product is "the product": "every product service", not "every the ...".
    String product = terms.word(Term.PRODUCT).replaceFirst("^the ", "");
    String main = terms.word(Term.MAIN_DATABASE);
    String report = terms.word(Term.REPORT_DATABASE);
    return new ProductWords(
        "stop every " + product + " service on side",
        "start the " + product + " services and check that they run",
        "upgrade the " + main + " database, then install the other components",
        "back up the " + main + " and " + report + " databases of both sides");
  }
}
