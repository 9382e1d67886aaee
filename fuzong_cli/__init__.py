"""fuzong：科技副总工作工具箱。"""

__version__ = "0.1.0"
