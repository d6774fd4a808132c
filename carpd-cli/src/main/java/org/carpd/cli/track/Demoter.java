package org.carpd.cli.track;

/** Sets a holder's share of a group's demotion (the daemon: {@code CarpEngine.holdGroupDemotion} on the protocol thread). */
@FunctionalInterface
public interface Demoter {
    /**
     * @param share 0 releases the share
     * @param why   the reason the engine reports with the change
     * @throws Exception if the share could not be set (it is tried again later)
     */
    void hold(String holder, String group, int share, String why) throws Exception;
}
