package org.rollaudit.report;

/**
 * The report's one stylesheet. A constant: no data ever reaches it (reliability.md §8). It serves
 * two renderers: browsers (screen and print) and openhtmltopdf (paged media, print). Where they
 * differ, we rely on CSS error handling: {@code position: running(...)} is understood by
 * openhtmltopdf and dropped by browsers, which then keep the earlier declaration.
 */
final class ReportCss {

  private ReportCss() {}

  static final String CSS =
      """
      @page {
        size: letter;
        margin: 18mm 16mm 17mm 16mm;
        @top-center { content: element(header); }
        @bottom-left { content: element(footer); }
        @bottom-right { content: "Page " counter(page) " of " counter(pages);
          font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 7.5pt; color: #52606d; }
      }
      html { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 9.5pt; color: #1f2933; line-height: 1.4; }
      body { margin: 0; }
      h1 { font-size: 15pt; margin: 0 0 4pt 0; line-height: 1.2; }
      h2 { font-size: 13pt; margin: 14pt 0 6pt 0; border-bottom: 1.5pt solid #2f5d8a; padding-bottom: 2pt; }
      h3 { font-size: 10.5pt; margin: 9pt 0 3pt 0; color: #243b53; page-break-after: avoid; }
      h4 { font-size: 9.5pt; margin: 7pt 0 3pt 0; color: #243b53; page-break-after: avoid; }
      h2 { page-break-after: avoid; }
      p, ul { margin: 0 0 6pt 0; }
      li { margin-bottom: 2pt; }
      .kicker { text-transform: uppercase; letter-spacing: 1pt; font-size: 8pt; color: #52606d; margin-bottom: 2pt; }
      .meta { color: #52606d; font-size: 8.5pt; }
      .lead { font-size: 11pt; }
      .box { border: 1pt solid #bcccdc; background: #f5f7fa; padding: 3pt 8pt; margin: 5pt 0 6pt 0;
        page-break-inside: avoid; }
      .box.long { page-break-inside: auto; }
      .box h2 { border: none; margin: 2pt 0 3pt 0; font-size: 11pt; }
      .box table { margin-bottom: 3pt; }
      .box p, .box ul { margin-bottom: 3pt; }
      .box li { margin-bottom: 0; }
      a.id, .nowrap { white-space: nowrap; }
      .first { font-size: 8.8pt; line-height: 1.35; }
      .first table { font-size: 8pt; }
      .restricted-banner { border: 2pt solid #b42318; color: #b42318; font-weight: bold; padding: 4pt 8pt; margin: 0 0 8pt 0; }
      table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; font-size: 8.5pt; }
      th, td { border-bottom: 0.5pt solid #d9e2ec; padding: 2pt 4pt; text-align: left; vertical-align: top; }
      thead { display: table-header-group; }
      thead th { border-bottom: 1pt solid #486581; background: #f0f4f8; }
      tr { page-break-inside: avoid; }
      .num { text-align: right; white-space: nowrap; }
      table.kv th { width: 32%; background: #f5f7fa; font-weight: bold; }
      table.tree th { width: 40%; font-weight: normal; word-wrap: break-word; }
      table.tree th.d0, table.tree th.grp { font-weight: bold; }
      table.tree th.d1 { padding-left: 12pt; }
      table.tree th.d2 { padding-left: 22pt; }
      table.tree th.d3 { padding-left: 32pt; }
      table.tree th.d4 { padding-left: 42pt; }
      table.tree th.d5 { padding-left: 52pt; }
      table.tree th.d6 { padding-left: 62pt; }
      .hash { font-size: 7.5pt; word-wrap: break-word; }
      .wrap { word-wrap: break-word; }
      .sev { font-weight: bold; padding: 0 3pt; font-size: 7.5pt; white-space: nowrap; }
      .sev-high { color: #ffffff; background: #b42318; }
      .sev-medium { color: #ffffff; background: #b54708; }
      .sev-low { color: #1f2933; background: #fde68a; }
      .note { font-size: 8pt; color: #52606d; }
      pre { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 8pt; background: #f5f7fa;
        border: 0.5pt solid #bcccdc; padding: 5pt; white-space: pre-wrap; word-wrap: break-word; }
      figure { margin: 6pt 0 8pt 0; page-break-inside: avoid; }
      figcaption { font-size: 8pt; color: #52606d; }
      svg.chart { display: block; max-width: 100%; }
      .page-break { page-break-before: always; }
      section.finding { page-break-before: always; }
      .draft { border: 1.5pt dashed #7b8794; padding: 8pt 10pt; }
      .sig-line { margin-top: 16pt; }
      .running-header { font-size: 8pt; color: #52606d; text-align: center; }
      .running-header.restricted { color: #b42318; font-weight: bold; font-size: 10pt; }
      .running-footer { font-size: 7pt; color: #52606d; }
      @media print {
        /* Browsers print the header and the run id once, at the top: a fixed element would be
           repeated on every page but over the text. Every page of report.pdf carries both. */
        .running-header, .running-footer { position: static; }
        .screen-footer { display: none; }
      }
      .running-header { position: running(header); }
      .running-footer { position: running(footer); }
      @media screen {
        html { background: #e4e7eb; }
        body { max-width: 8.5in; margin: 0 auto; background: #ffffff; padding: 0 0.6in 0.4in 0.6in; }
        .running-header { background: #ffffff; padding: 4pt 0; border-bottom: 0.5pt solid #d9e2ec; }
        .running-footer { display: none; }
        .screen-footer { margin-top: 16pt; border-top: 0.5pt solid #d9e2ec; padding: 4pt 0; font-size: 7.5pt; color: #52606d; }
        section.finding, .page-break { border-top: 3pt solid #e4e7eb; margin-top: 18pt; }
      }
      """;
}
