package org.psrnn.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.psrnn.analysis.Describe;
import org.psrnn.results.Provenance;

/**
 * The pieces every report.html is made of: the head with its style sheet, a figure as inline SVG,
 * the configuration table, and numbers, p-values and text written for HTML. One place, so that the
 * comparison's page and a run's page look and read alike.
 */
final class HtmlPage {
    private HtmlPage() {}

    static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>\n"
                + "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222}\n"
                + "h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n"
                + ".headline{font-size:1.15em;background:#f4f7fb;border-left:4px solid #1f77b4;padding:.6em .9em}\n"
                + ".sub{color:#555} table{border-collapse:collapse;margin:1em 0} td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}\n"
                + "td:first-child,th:first-child{text-align:left} td.sig{background:#e6f4e6;font-weight:bold} figure{margin:1em 0}\n"
                + "figcaption{color:#555;font-size:.9em} svg{max-width:100%;height:auto}\n</style></head><body>\n");
    }

    static String figure(JFreeChart chart, String id, String caption) {
        return figure(new Figure(List.of(chart), 900, 460), id, caption);
    }

    static String figure(Figure f, String id, String caption) {
        return "<figure>" + f.svgElement(id) + (caption == null ? "" : "<figcaption>" + esc(caption) + "</figcaption>") + "</figure>\n";
    }

    static void configuration(StringBuilder h, Map<String, Object> config, Provenance provenance) {
        h.append("<h2>Configuration</h2>\n<table><tr><th>key</th><th>value</th></tr>\n");
        for (Map.Entry<String, Object> e : config.entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        for (Map.Entry<String, String> e : (provenance == null ? Map.<String, String>of() : provenance.rows()).entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    static String meanSem(Describe d, String fmt) {
        if (d.n() == 0) return "&ndash;";
        return String.format(Locale.ROOT, fmt, d.mean()) + (Double.isNaN(d.sem()) ? "" : " &plusmn; " + String.format(Locale.ROOT, fmt, d.sem()));
    }

    static String num(double v, String fmt) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, fmt, v);
    }

    static String p(double v) {
        if (Double.isNaN(v)) return "&ndash;";
        return v < 0.001 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
