"""Windows of the 記録 menu: program records outside any one case (the
agency directory, code lists, targets, LINE figures, outreach, goods,
group sessions).  They share ``ui.records.table_window.TableWindow``."""
