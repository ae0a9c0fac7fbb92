package org.psrnn.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.psrnn.io.AtomicFiles;

/** One or more charts side by side, rendered headless to PNG and SVG. */
public final class Figure {
    static {
        // Encode PNGs in memory: ImageIO's disk cache registers a shutdown hook, which fails when
        // plots are drawn while the JVM shuts down (after Ctrl-C).
        ImageIO.setUseCache(false);
    }

    private final List<JFreeChart> panels;
    private final int panelWidth;
    private final int height;

    public Figure(List<JFreeChart> panels, int panelWidth, int height) {
        this.panels = List.copyOf(panels);
        this.panelWidth = panelWidth;
        this.height = height;
    }

    public int width() {
        return panelWidth * panels.size();
    }

    private void draw(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height);
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).draw(g, new Rectangle2D.Double(i * panelWidth, 0, panelWidth, height));
        }
    }

    /** The PNG image, twice the nominal size for sharp text. */
    public byte[] png() throws IOException {
        int scale = 2;
        BufferedImage image = new BufferedImage(width() * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.scale(scale, scale);
        draw(g);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The SVG document. */
    public String svg() {
        SVGGraphics2D g = new SVGGraphics2D(width(), height);
        draw(g);
        return g.getSVGDocument();
    }

    /** The {@code <svg>} element alone, to place inline in HTML. */
    public String svgElement(String id) {
        SVGGraphics2D g = new SVGGraphics2D(width(), height);
        draw(g);
        return g.getSVGElement(id);
    }

    /** Writes {@code base.png} and {@code base.svg} into {@code folder}, atomically. */
    public void save(Path folder, String base) throws IOException {
        byte[] png = png();
        AtomicFiles.write(folder.resolve(base + ".png"), out -> out.write(png));
        byte[] svg = svg().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(folder.resolve(base + ".svg"), out -> out.write(svg));
    }
}
