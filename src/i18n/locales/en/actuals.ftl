# Actual data: daily figures and spend, imports, preview, history and undo, the month view.
actuals-title = Daily figures and spend
actuals-lead = What really happened, day by day: upload the exports of the platform's back office (生意参谋 daily reports, 直通车 reports…) or enter a day by hand. Dashboards compare them with the plan.
actuals-month-view = Month view
actuals-month = Month
actuals-show = Show
actuals-upload = Upload a file
actuals-file = File
actuals-file-hint = CSV (UTF-8 or GBK), XLSX or XLS, as the back office exports it: title lines, Chinese headers and thousands separators are fine.
actuals-kind = Contents
actuals-kind-actuals = Daily figures
actuals-kind-spend = Spend
actuals-kind-unknown = Choose daily figures or spend.
actuals-upload-category = Category of a channel report
actuals-upload-category-hint = For a report of one channel without a category column (a 直通车 report is all 直通车).
actuals-category-from-file = From the file's category column
actuals-preview-action = Read the file
actuals-preview-title = Check the upload
actuals-rows-read = Rows read
actuals-rows-valid = Valid rows
actuals-date-range = Dates
actuals-uv = UV (visitors)
actuals-buyers = Paying buyers
actuals-orders = Orders
actuals-sales = Sales
actuals-refunds = Refunds
actuals-pv = Page views
actuals-conversion = Conversion
actuals-aov = AOV
actuals-categories = Categories
actuals-amount = Amount
actuals-attributed-sales = Attributed sales
actuals-attributed-sales-hint = The sales the channel attributes to itself (成交金额), if it reports them.
actuals-replaced-title = Days that already have data
actuals-replaced-none = None: every day of the file is new.
actuals-replaced-count = { $count ->
    [one] One day of the file already has data; confirming replaces it with the file's figures:
   *[other] { $count } days of the file already have data; confirming replaces them with the file's figures:
}
actuals-errors-title = Problems in the file
actuals-errors-lead = { $count ->
    [one] One problem was found. Nothing can be stored until the file is corrected:
   *[other] { $count } problems were found. Nothing can be stored until the file is corrected:
}
actuals-line = Line
actuals-column = Column
actuals-problem = Problem
actuals-upload-again = Upload a corrected file
actuals-confirm-lead = Nothing has been stored yet. Confirm to import the file (this preview is kept for { $minutes } minutes), or cancel.
actuals-confirm = Import
actuals-history = Imports
actuals-history-empty = Nothing imported yet.
actuals-imported-at = When
actuals-imported-by = Who
actuals-file-name = File
actuals-rows = Rows
actuals-status = Status
actuals-organization-wide = organization-wide file
actuals-via-api = through the API
actuals-active = In effect
actuals-undo = Undo
actuals-undo-confirm = Undo this import? Its rows are removed and what it replaced comes back.
actuals-undone-by = Undone by
actuals-undo-rule = Undoing restores exactly what the import replaced. An import whose days were changed since, by a later import or by hand, cannot be undone: undo the later import first.
actuals-undo-already = This import was undone already.
actuals-undo-superseded = { $changed } of this import's { $rows } rows were changed since, by a later import or an edit by hand. Undo the later import first, or correct the days by hand.
actuals-invalid-rows = { $count ->
    [one] One row of the file is invalid; nothing was stored. Correct it and upload the file again.
   *[other] { $count } problems in the file's rows; nothing was stored. Correct them and upload the file again.
}
actuals-json-empty = The body holds no rows: send an array with at least one row.
actuals-range-invalid = Choose a range whose first day is not after its last, at most { $days } days long.
actuals-date = Date
actuals-total = Month total
actuals-days-with-data = days with data
actuals-uv-note = A month's UV is the sum of its days' visitors (visitor-days), the way plans count it. Conversion = paying buyers ÷ UV; AOV = sales ÷ paying buyers.
actuals-edit-day = Edit
actuals-edit-day-title = Edit the day's figures
actuals-edit-day-hint = Correct the day's figures as the back office shows them. The same checks apply as to an imported row.
actuals-record-spend = Record spend
actuals-record-spend-hint = Spend of one day in one category, entered by hand. It replaces what that day had for the category.
actuals-record-spend-action = Record
actuals-category = Category
notice-import-done = Imported.
notice-import-undone = Import undone: the days it replaced are back.
notice-upload-cancelled = Upload cancelled; nothing was stored.
notice-day-saved = Day saved.
notice-spend-recorded = Spend recorded.
audit-actuals-imported = Daily figures imported
audit-spend-imported = Spend imported
audit-import-undone = Import undone
audit-actuals-edited = Day edited
audit-spend-recorded = Spend recorded
actuals-other-shop = This file is from “{ $named }”, but it is being uploaded to “{ $shop }”. Check that the right shop was chosen before confirming: the figures would be stored for { $shop }.
