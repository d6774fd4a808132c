/**
 * Health trackers ({@code track} lines): script, interface-carrier and file checks that run off the
 * protocol thread and hold their own share of interface groups' demotion while they fail
 * ({@code CarpEngine.holdGroupDemotion}, through {@code CarpHost.call}). {@link
 * org.carpd.cli.track.TrackerSet} owns them across reloads; {@link org.carpd.cli.track.RiseFall}
 * is the rise/fall counting; {@link org.carpd.cli.track.TrackListing} is what carpctl shows.
 */
package org.carpd.cli.track;
