/// The page's inline CSS. Self-contained: system font stacks only (no web fonts), sized for a
/// 1280 px window, and a print block that drops shadows and navigation and keeps each section
/// on one page where it fits. It contains no `<` or `&` so the page stays well-formed XML.
enum Stylesheet {
    static let css = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #f3f4f6; color: #1f2937;
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1220px; margin: 0 auto; padding: 20px 20px 40px; }
    header.page { max-width: 1220px; margin: 0 auto; padding: 24px 20px 4px; }
    header.page h1 { margin: 0; font-size: 26px; }
    header.page h1 code { font-size: inherit; background: none; padding: 0; }
    header.page .meta { color: #6b7280; margin: 4px 0 0; }
    nav { max-width: 1220px; margin: 0 auto; padding: 6px 20px; }
    nav a { color: #2563eb; text-decoration: none; margin-right: 14px; font-size: 13px; white-space: nowrap; }
    section.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px;
      box-shadow: 0 1px 2px rgba(0,0,0,.05); padding: 16px 20px; margin: 16px 0; min-width: 0; }
    h2 { margin: 0 0 6px; font-size: 18px; }
    h3 { margin: 14px 0 6px; font-size: 14px; color: #374151; }
    .subtitle { margin: -2px 0 8px; color: #6b7280; }
    .lead { margin: 0 0 8px; }
    .row { display: flex; gap: 16px; align-items: flex-start; }
    .row > * { flex: 1 1 0; min-width: 0; }
    .row > section.card { margin: 16px 0; }
    figure { margin: 6px 0 10px; }
    figcaption { color: #6b7280; font-size: 12px; margin-top: 2px; }
    svg.chart { display: block; max-width: 100%; height: auto; }
    table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
    th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
    th { background: #f9fafb; font-weight: 600; color: #374151; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.stars { color: #15803d; font-weight: 700; }
    code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f4f6;
      padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 14px; margin: 0; }
    dl.facts dt { color: #6b7280; }
    dl.facts dd { margin: 0; }
    .badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
      border: 1px solid transparent; white-space: nowrap; }
    .badge.good { background: #dcfce7; color: #166534; border-color: #86efac; }
    .badge.bad { background: #fee2e2; color: #991b1b; border-color: #fca5a5; }
    .badge.warn { background: #fef3c7; color: #92400e; border-color: #fcd34d; }
    .badge.neutral { background: #f3f4f6; color: #374151; border-color: #d1d5db; }
    .badge.info { background: #dbeafe; color: #1e40af; border-color: #93c5fd; }
    .empty { color: #6b7280; font-style: italic; padding: 18px; margin: 6px 0; background: #f9fafb;
      border: 1px dashed #d1d5db; border-radius: 8px; text-align: center; }
    .note { color: #4b5563; font-size: 12px; margin: 4px 0; }
    .tiles { display: flex; gap: 12px; flex-wrap: wrap; margin: 6px 0 8px; }
    .tile { border: 1px solid #e5e7eb; border-radius: 8px; padding: 6px 14px; min-width: 110px; }
    .tile .value { font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; }
    .tile .label { color: #6b7280; font-size: 12px; }
    .tile.bad { border-color: #fca5a5; background: #fef2f2; }
    .tile.warn { border-color: #fcd34d; background: #fffbeb; }
    footer { color: #9ca3af; font-size: 12px; text-align: center; padding: 10px; }
    @media print {
      @page { size: A4 landscape; margin: 12mm; }
      body { background: #fff; font-size: 11px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      main, header.page { max-width: none; padding: 0; }
      nav { display: none; }
      section.card { box-shadow: none; border-color: #d1d5db; break-inside: avoid; page-break-inside: avoid; }
      table { font-size: 10px; }
      tr, figure { break-inside: avoid; page-break-inside: avoid; }
    }
    """
}
