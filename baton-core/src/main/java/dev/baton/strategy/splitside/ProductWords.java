package dev.baton.strategy.splitside;

/**
 * Seed 002's citations that name its product's parts: the only product words in split-side, kept in
 * one constant so that the pack can supply them instead.
 *
 * @param stopServicesOnSide followed by the side's name
 */
record ProductWords(
    String stopServicesOnSide,
    String startServices,
    String upgradeDatabases,
    String backUpDatabases) {

  /** As seed 002 words its checklists. */
  static final ProductWords SEED_002 =
      new ProductWords(
          "stop every CCMP service on side",
          "start the CCMP services and check that they run",
          "upgrade the Portal database, then install the other components",
          "back up the Portal and report server databases of both sides");
}
