"""What people read: `tongbao show`, the notebooks' charts, the data dictionary."""
