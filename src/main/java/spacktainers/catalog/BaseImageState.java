package spacktainers.catalog;

/** A base image for one architecture with the content key of its build folder and settings. */
public record BaseImageState(SiteSettings.BaseImage image, Architecture arch, String key) {}
